/**
 * Code macro languages. Confluence's code macro names its languages its own way (`js`, `py`, `c#`, `yml`…);
 * Markdown fences use the common names (`javascript`, `python`, `csharp`, `yaml`…). Names Confluence does not
 * list are passed through in lower case: Confluence Cloud highlights many more languages than the classic
 * list, and shows the rest as plain text.
 */

const TO_CONFLUENCE: Record<string, string> = {
	actionscript: 'actionscript3',
	actionscript3: 'actionscript3',
	as: 'actionscript3',
	as3: 'actionscript3',
	applescript: 'applescript',
	osascript: 'applescript',
	bash: 'bash',
	sh: 'bash',
	shell: 'bash',
	zsh: 'bash',
	console: 'bash',
	'shell-session': 'bash',
	'c#': 'c#',
	cs: 'c#',
	csharp: 'c#',
	'c++': 'cpp',
	cc: 'cpp',
	cpp: 'cpp',
	cxx: 'cpp',
	hpp: 'cpp',
	css: 'css',
	cfc: 'coldfusion',
	cfm: 'coldfusion',
	cfml: 'coldfusion',
	coldfusion: 'coldfusion',
	delphi: 'delphi',
	objectpascal: 'delphi',
	pas: 'delphi',
	pascal: 'delphi',
	diff: 'diff',
	patch: 'diff',
	udiff: 'diff',
	erl: 'erl',
	erlang: 'erl',
	groovy: 'groovy',
	html: 'xml',
	svg: 'xml',
	xhtml: 'xml',
	xml: 'xml',
	xsl: 'xml',
	xslt: 'xml',
	java: 'java',
	javafx: 'jfx',
	jfx: 'jfx',
	cjs: 'js',
	javascript: 'js',
	js: 'js',
	jsx: 'js',
	mjs: 'js',
	node: 'js',
	php: 'php',
	perl: 'perl',
	pl: 'perl',
	none: 'text',
	plain: 'text',
	plaintext: 'text',
	text: 'text',
	txt: 'text',
	powershell: 'powershell',
	ps: 'powershell',
	ps1: 'powershell',
	pwsh: 'powershell',
	py: 'py',
	py3: 'py',
	python: 'py',
	python3: 'py',
	rb: 'ruby',
	ruby: 'ruby',
	sql: 'sql',
	sass: 'sass',
	scss: 'sass',
	scala: 'scala',
	vb: 'vb',
	vbnet: 'vb',
	'vb.net': 'vb',
	vbscript: 'vb',
	visualbasic: 'vb',
	yaml: 'yml',
	yml: 'yml',
	ts: 'typescript',
	tsx: 'typescript',
	typescript: 'typescript',
	golang: 'go',
	kt: 'kotlin',
	rs: 'rust',
	dockerfile: 'dockerfile',
	docker: 'dockerfile',
};

const TO_MARKDOWN: Record<string, string> = {
	actionscript3: 'actionscript',
	'c#': 'csharp',
	erl: 'erlang',
	jfx: 'javafx',
	js: 'javascript',
	py: 'python',
	vb: 'vbnet',
	yml: 'yaml',
};

/** The Confluence code macro `language` for a Markdown info-string language. */
export function toConfluenceLanguage(language: string): string {
	const key = language.trim().toLowerCase();
	if (!key) return '';
	return TO_CONFLUENCE[key] ?? key;
}

/** The Markdown fence language for a Confluence code macro `language` (or an ADF code block language). */
export function toMarkdownLanguage(language: string): string {
	const confluence = toConfluenceLanguage(language);
	return TO_MARKDOWN[confluence] ?? confluence;
}

/** ADF code blocks use the common names (prism), like Markdown. */
export function toAdfLanguage(language: string): string {
	return toMarkdownLanguage(language);
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/* A scripted stand-in for an OpenAI-compatible chat model, for AI Agent workflows in real n8n: n8n's OpenAI Chat Model
 * node, with its credential's Base URL pointed here, sends Chat Completions requests (POST /v1/chat/completions,
 * streamed or not); each is recorded and answered from a script: tool calls first, then a final answer. The script is
 * chosen by a marker in the conversation's first user message ("[task:name]"), and the step by how many assistant
 * turns the conversation already has, so several agents can share one server. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{
		id: string;
		type: 'function';
		function: { name: string; arguments: string };
	}>;
	tool_call_id?: string;
}

export interface ChatTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
	[key: string]: unknown;
}

export interface RecordedChat {
	path: string;
	task: string | undefined;
	step: number;
	body: ChatRequest;
}

/** One answer: tool calls (by tool name and arguments), or the final text. */
export type ScriptReply =
	| { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> }
	| { content: string };

/** A task's steps; a step may read the conversation so far (e.g. an ID a tool returned). */
export type ScriptStep =
	| ScriptReply
	| ((request: ChatRequest, toolResults: string[]) => ScriptReply);

export interface ScriptedModel {
	baseUrl: string;
	requests: RecordedChat[];
	/** Replaces the scripts by task name. */
	setScripts(scripts: Record<string, ScriptStep[]>): void;
	close(): Promise<void>;
}

export function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

function taskOf(messages: ChatMessage[]): string | undefined {
	const first = messages.find((message) => message.role === 'user');
	return /\[task:([\w-]+)\]/.exec(textOf(first?.content ?? null))?.[1];
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

let callCounter = 0;

function completion(model: string, reply: ScriptReply) {
	const toolCalls =
		'toolCalls' in reply
			? reply.toolCalls.map((call) => ({
					id: `call_${++callCounter}`,
					type: 'function' as const,
					function: { name: call.name, arguments: JSON.stringify(call.arguments) },
				}))
			: undefined;
	return {
		id: `chatcmpl-${++callCounter}`,
		created: Math.floor(Date.now() / 1000),
		model,
		message: {
			role: 'assistant' as const,
			content: 'content' in reply ? reply.content : null,
			...(toolCalls ? { tool_calls: toolCalls } : {}),
		},
		finishReason: toolCalls ? 'tool_calls' : 'stop',
	};
}

function send(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

export async function startScriptedModel(): Promise<ScriptedModel> {
	const requests: RecordedChat[] = [];
	let scripts: Record<string, ScriptStep[]> = {};

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		const path = (request.url ?? '').split('?')[0];
		if (request.method === 'GET' && /\/models$/.test(path)) {
			send(response, 200, {
				object: 'list',
				data: [{ id: 'scripted-model', object: 'model', created: 0, owned_by: 'e2e' }],
			});
			return;
		}
		if (request.method !== 'POST' || !/\/chat\/completions$/.test(path)) {
			send(response, 404, { error: { message: `no route ${request.method} ${path}` } });
			return;
		}
		const body = JSON.parse(await readBody(request)) as ChatRequest;
		const messages = body.messages ?? [];
		const task = taskOf(messages);
		const step = messages.filter((message) => message.role === 'assistant').length;
		requests.push({ path, task, step, body });
		const script = task ? scripts[task] : undefined;
		const planned = script?.[step];
		const toolResults = messages
			.filter((message) => message.role === 'tool')
			.map((message) => textOf(message.content));
		const reply: ScriptReply = !planned
			? { content: `(no scripted step ${step} for task ${task ?? 'unknown'})` }
			: typeof planned === 'function'
				? planned(body, toolResults)
				: planned;
		const answer = completion(body.model, reply);
		if (!body.stream) {
			send(response, 200, {
				id: answer.id,
				object: 'chat.completion',
				created: answer.created,
				model: answer.model,
				choices: [
					{ index: 0, message: answer.message, finish_reason: answer.finishReason, logprobs: null },
				],
				usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
			});
			return;
		}
		// Server-sent events as OpenAI streams them: the message in deltas, the finish reason, then [DONE].
		response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
			`data: ${JSON.stringify({
				id: answer.id,
				object: 'chat.completion.chunk',
				created: answer.created,
				model: answer.model,
				choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
			})}\n\n`;
		response.write(chunk({ role: 'assistant', content: answer.message.content ?? '' }, null));
		answer.message.tool_calls?.forEach((call, index) => {
			response.write(
				chunk(
					{
						tool_calls: [
							{
								index,
								id: call.id,
								type: 'function',
								function: { name: call.function.name, arguments: call.function.arguments },
							},
						],
					},
					null,
				),
			);
		});
		response.write(chunk({}, answer.finishReason));
		response.write(
			`data: ${JSON.stringify({
				id: answer.id,
				object: 'chat.completion.chunk',
				created: answer.created,
				model: answer.model,
				choices: [],
				usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
			})}\n\n`,
		);
		response.end('data: [DONE]\n\n');
	};

	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: Error) => {
			send(response, 500, { error: { message: error.message } });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		setScripts: (next) => {
			scripts = next;
		},
		close: async () =>
			await new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * A stand-in for an OpenAI-compatible chat model on 127.0.0.1, for n8n's AI Agent: asked with tools, it
 * calls every tool it is offered (its arguments filled by `fill`, as a model fills `$fromAI` parameters);
 * asked with the tools' answers, it answers in plain text. Every request it receives is kept, so a test
 * can read what reached the model, and search it for secrets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { LoopbackServer } from '../../dev/sandbox/loopback';

interface ChatRequest {
	messages?: Array<{ role: string; content?: unknown }>;
	tools?: Array<{
		function: {
			name: string;
			description?: string;
			parameters?: { properties?: Record<string, unknown> };
		};
	}>;
}

export class StandInModel {
	/** Every request body received, as text (what a model provider would see). */
	readonly received: string[] = [];
	private readonly server: LoopbackServer;

	constructor(private readonly fill: (argument: string) => unknown) {
		this.server = new LoopbackServer((request, response) => this.handle(request, response));
	}

	/** Starts it; returns its base URL, ending in /v1, as an OpenAI credential takes it. */
	async start(): Promise<string> {
		return `http://127.0.0.1:${await this.server.listen()}/v1`;
	}

	async stop(): Promise<void> {
		await this.server.close();
	}

	/** The tools the model was offered in its first request: name → the description it read. */
	toolsOffered(): Record<string, string> {
		const [first] = this.received.map((body) => JSON.parse(body) as ChatRequest);
		return Object.fromEntries(
			(first?.tools ?? []).map((tool) => [tool.function.name, tool.function.description ?? '']),
		);
	}

	/** The answers of the tools, as they came back to the model. */
	toolAnswers(): string[] {
		return this.received
			.map((body) => JSON.parse(body) as ChatRequest)
			.flatMap((request) => request.messages ?? [])
			.filter((message) => message.role === 'tool')
			.map((message) => String(message.content));
	}

	private handle(request: IncomingMessage, response: ServerResponse): void {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			if (request.method === 'GET' && request.url?.endsWith('/models')) {
				send(response, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] });
				return;
			}
			this.received.push(body);
			const chat = JSON.parse(body || '{}') as ChatRequest;
			const answered = (chat.messages ?? []).some((message) => message.role === 'tool');
			const tools = chat.tools ?? [];
			const message =
				answered || tools.length === 0
					? { role: 'assistant', content: 'Here is what Plumaa says about the document.' }
					: {
							role: 'assistant',
							content: null,
							tool_calls: tools.map((tool, index) => ({
								id: `call_${index + 1}`,
								type: 'function',
								function: {
									name: tool.function.name,
									arguments: JSON.stringify(
										Object.fromEntries(
											Object.keys(tool.function.parameters?.properties ?? {}).map((name) => [
												name,
												this.fill(name),
											]),
										),
									),
								},
							})),
						};
			send(response, {
				id: `chatcmpl-${this.received.length}`,
				object: 'chat.completion',
				created: 1_780_000_000,
				model: 'gpt-4o-mini',
				choices: [
					{ index: 0, message, finish_reason: 'tool_calls' in message ? 'tool_calls' : 'stop' },
				],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			});
		});
	}
}

function send(response: ServerResponse, body: unknown): void {
	response.writeHead(200, { 'Content-Type': 'application/json' });
	response.end(JSON.stringify(body));
}

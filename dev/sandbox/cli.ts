/**
 * `npm run sandbox`: the Plumaa sandbox alone on 127.0.0.1, for trying the node by hand.
 * Port: PLUMAA_SANDBOX_PORT or --port N (default 4010).
 */
import { SEED, startSandbox } from './server';

function portFromArgs(): number {
	const flag = process.argv.indexOf('--port');
	const raw = flag >= 0 ? process.argv[flag + 1] : process.env.PLUMAA_SANDBOX_PORT;
	const port = raw === undefined ? 4010 : Number(raw);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`Port "${raw}" is not valid: expected a whole number from 0 to 65535.`);
		process.exit(2);
	}
	return port;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({ port: portFromArgs() });
	console.log(`Plumaa sandbox listening.
  Base URL:        ${sandbox.baseUrl}
  API key:         ${sandbox.apiKey}
  Its key ID:      ${SEED.adminKey.id} (the credential's API Key ID, for Rotate)
  Organization:    ${SEED.organization.name} (${SEED.organization.id})
  Keys to delete:  ${SEED.rotationKeyIds.join(', ')}
  Other org's key: ${SEED.otherOrganizationKeyId} (deleting it is refused)
In n8n: credential "Plumaa API", Environment "Custom URL", Base URL and API key as above.
Ctrl-C stops it.`);
	const stop = (): void => {
		void sandbox.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();

// `npm run test:busy`: the test suite on a busy machine. Two CPU-bound processes spin beside `npm test`
// (on a 2-core machine that takes both cores) and the suite must still pass: no test may depend on
// how fast the machine is. Prints how long the suite took.
import { spawn } from 'node:child_process';

const spinners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;);'], { stdio: 'ignore' }));
const stopSpinners = () => spinners.forEach((spinner) => spinner.kill('SIGKILL'));
process.on('exit', stopSpinners);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

console.log(
	`test:busy: ${spinners.length} CPU-bound processes spinning (pids ${spinners.map((spinner) => spinner.pid).join(', ')}) beside npm test`,
);
const started = Date.now();
const suite = spawn('npm', ['test'], { stdio: 'inherit' });
suite.once('close', (code) => {
	stopSpinners();
	console.log(
		`test:busy: npm test ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${Math.round((Date.now() - started) / 1000)} s beside ${spinners.length} spinning processes`,
	);
	process.exit(code ?? 1);
});

const { src, dest, parallel } = require('gulp');

// tsc compiles only TypeScript; n8n also needs the icons, the codex files and the output schemas.
function copyIcons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

function copyNodeJson() {
	return src(['nodes/**/*.node.json', 'nodes/**/__schema__/**/*.json'], { base: '.' }).pipe(
		dest('dist'),
	);
}

exports['build:assets'] = parallel(copyIcons, copyNodeJson);

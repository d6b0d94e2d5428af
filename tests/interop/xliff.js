// Prints the units of XLIFF files as the npm `xliff` package reads them:
//
//     node xliff.js FILE...
//
// One JSON object per file: its units in order, each with its id, source
// and target. `node xliff.js --probe` exits 0 when the package is there.
const fs = require('fs');
const { xliff2js, xliff12ToJs } = require('xliff');

const files = process.argv.slice(2);
if (files[0] === '--probe') process.exit(0);

function text(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  throw new Error('inline markup in ' + JSON.stringify(value));
}

(async () => {
  for (const file of files) {
    const content = fs.readFileSync(file, 'utf8');
    const read = /<xliff[^>]*version="1\./.test(content) ? xliff12ToJs : xliff2js;
    const parsed = await read(content);
    const units = [];
    for (const resource of Object.values(parsed.resources)) {
      for (const [id, unit] of Object.entries(resource)) {
        units.push({ id, source: text(unit.source), target: text(unit.target) });
      }
    }
    console.log(JSON.stringify({ file, units }));
  }
})().catch((error) => {
  console.error(String(error));
  process.exit(1);
});

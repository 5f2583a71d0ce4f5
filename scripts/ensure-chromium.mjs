// The CLI's report test and the editor's end-to-end test drive a real headless Chromium
// (Debian's, through playwright-core; nothing is downloaded from outside the package
// registries). This makes sure one is there before the tests run: CHROMIUM_PATH if set, else
// /usr/bin/chromium, installed with apt-get when we are root on a Debian machine that lacks it.
// Anywhere else it says what to install instead of letting the tests fail obscurely.
import { existsSync } from 'node:fs';
import { aptInstall } from './apt.mjs';

const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(wanted)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!process.env.CHROMIUM_PATH && isRoot && existsSync('/usr/bin/apt-get')) {
  console.log('ensure-chromium: installing Debian\'s chromium (apt-get) for the browser tests…');
  aptInstall(['chromium'], { quiet: false });
  if (existsSync(wanted)) process.exit(0);
}
console.error(`ensure-chromium: no Chromium at ${wanted}. Install it (Debian/Ubuntu: apt-get install chromium) or point CHROMIUM_PATH at a Chrome/Chromium binary.`);
process.exit(1);

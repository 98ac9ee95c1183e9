// `npm run tauri -- <command>` from ui/: the Tauri CLI for the app in ../src-tauri, in any shell.
//
// The CLI looks for tauri.conf.json only below the folder it is started in, so from ui/ it says it cannot
// find a Tauri project; docs used to give `TAURI_APP_PATH=../src-tauri npx tauri build`, which is POSIX
// shell syntax that cmd and PowerShell refuse. Setting the two paths here, in Node, works the same in cmd,
// PowerShell and bash, and `npm run tauri -- build` is the one command every platform's docs give.
// Rejected: a cross-env dependency (one more package for two variables); moving tauri.conf.json to the
// repository root (Tauri then takes the root crate, the core, for the app).
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import cli from '@tauri-apps/cli'

const ui = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
process.env.TAURI_APP_PATH ??= path.join(ui, '..', 'src-tauri')
process.env.TAURI_FRONTEND_PATH ??= ui

cli.run(process.argv.slice(2), 'npm run tauri --').catch((err) => {
  cli.logError(err.message)
  process.exit(1)
})

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session, shell } from 'electron'
import { setDefaultNativeBinding } from '../../db/sqlite/connection'
import { userDataDir } from '../paths'
import { safeStorageSecrets } from '../secrets'
import { startShell } from './app'
import { createShellHost } from './host'

// The Electron entry point (out/main/index.js): hands the real Electron objects to the shell.
startShell(
  { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell },
  {
    mainDir: path.dirname(fileURLToPath(import.meta.url)),
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    resourcesPath: process.resourcesPath,
    // VITAWIN_DATABASE_URL's or Paramètres' team database (its password kept by the system's keychain), else the file.
    createHost: (file) => createShellHost(file, process.env, userDataDir(), safeStorageSecrets(safeStorage, process.platform)),
    setNativeBinding: setDefaultNativeBinding,
  },
)

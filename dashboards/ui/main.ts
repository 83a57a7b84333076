/** The browser app: sign in, then the shell and the router over the pages. */
import { registry, setUnauthorizedHandler, token } from './api-client.js'
import { Shell } from './components/shell.js'
import { getLang, setLang } from './i18n.js'
import { PAGES } from './pages/index.js'
import { renderSignIn } from './pages/signin.js'
import { Router } from './router.js'

const root = document.getElementById('app')!
let router: Router | undefined

function switchLang(): void {
  setLang(getLang() === 'id' ? 'en' : 'id')
  boot()
}

function signOut(): void {
  token.clear()
  registry.clear()
  boot()
}

function boot(): void {
  router?.stop()
  router = undefined
  document.documentElement.lang = getLang()
  if (!token.get()) {
    renderSignIn(root, boot, switchLang)
    return
  }
  const shell = new Shell(root, PAGES, {
    switchLang,
    signOut,
    navigate: (hash) => {
      if (router) router.keepFocus = true
      location.hash = hash
    },
  })
  router = new Router(PAGES, shell.main, { before: (r) => shell.before(r), after: () => shell.after() })
  router.start()
}

setUnauthorizedHandler(signOut)
boot()

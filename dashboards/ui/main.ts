/** The browser app: sign in (the server's session cookie), then the shell and the router over the pages. */
import { registry, type SessionInfo, session, setUnauthorizedHandler } from './api-client.js'
import { Shell } from './components/shell.js'
import { getLang, setLang, tr } from './i18n.js'
import { PAGES } from './pages/index.js'
import { renderSignIn } from './pages/signin.js'
import { Router } from './router.js'

const root = document.getElementById('app')!
let router: Router | undefined

function switchLang(): void {
  setLang(getLang() === 'id' ? 'en' : 'id')
  // not ready until the pages are drawn again in the new language (boot first awaits the session)
  document.body.dataset.pageState = 'loading'
  void boot()
}

function signOut(): void {
  registry.clear()
  session.signOut()
}

async function boot(): Promise<void> {
  router?.stop()
  router = undefined
  document.documentElement.lang = getLang()
  let info: SessionInfo
  try {
    info = await session.load()
  } catch (e) {
    renderSignIn(
      root,
      { signed_in: false, me: null, sso: false, token_signin: true },
      () => void boot(),
      switchLang,
      tr('ui.signin.unavailable', { reason: (e as Error).message }),
    )
    return
  }
  if (!info.signed_in) {
    renderSignIn(root, info, () => void boot(), switchLang)
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

// A 401: the session ended (signed out elsewhere, expired, role removed): back to sign-in.
setUnauthorizedHandler(() => {
  if (!session.me()) return // the other refused calls of the same page
  session.forget()
  registry.clear()
  void boot()
})
void boot()

/** The receiver kinds. */
import { deliverAlertmanager } from './alertmanager.js'
import { deliverEmail } from './email.js'
import { deliverTelegram } from './telegram.js'
import type { Deliver, ReceiverConfig } from './types.js'
import { deliverWebhook } from './webhook.js'

export const DELIVER: Record<ReceiverConfig['kind'], Deliver> = {
  alertmanager: deliverAlertmanager,
  webhook: deliverWebhook,
  telegram: deliverTelegram,
  email: deliverEmail,
}

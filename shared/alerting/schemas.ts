/** Shapes of probes, SLOs, alert rules, receivers, silences and alerts: validation, types and OpenAPI. */
import { z } from '@hono/zod-openapi'

const Id = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore')
const Owner = z.string().max(64).describe("Owning instansi; '' = every instansi (admin and sre only)")
const Stamps = { created_at: z.string(), updated_at: z.string() }

export const ProbeInput = z
  .object({
    id: Id.optional(),
    instansi: z.string().min(2).max(64),
    api_id: z.string().max(64).default('').describe('Registered API this probe checks (its uptime combines probe and traffic)'),
    name: z.string().min(2).max(256).openapi({ example: 'Cek kesehatan Layanan Kependudukan' }),
    url: z.string().max(2048).default('').describe('Absolute URL; or a path appended to the API base URL when api_id is set'),
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']).default('GET'),
    headers: z.record(z.string(), z.string().max(4096)).default({}),
    expected_status: z.number().int().min(100).max(599).default(200),
    body_contains: z.string().max(1024).default('').describe('The body must contain this text (empty: not checked)'),
    interval_s: z.number().int().min(1).max(86_400).default(60),
    timeout_ms: z.number().int().min(100).max(120_000).default(10_000),
    tls_verify: z.boolean().default(true).describe('Fail the check when the certificate does not verify (expiry is recorded either way)'),
    enabled: z.boolean().default(true),
  })
  .openapi('ProbeInput')
export type ProbeInput = z.infer<typeof ProbeInput>
export const Probe = ProbeInput.extend({ id: z.string(), ...Stamps }).openapi('Probe')
export type Probe = z.infer<typeof Probe>

export const ProbeResult = z
  .object({
    ts: z.string().describe('ISO 8601 in WIB'),
    probe_id: z.string(),
    instansi: z.string(),
    api_id: z.string(),
    url: z.string(),
    ok: z.boolean(),
    status: z.number().int(),
    latency_ms: z.number(),
    error: z.string(),
    tls_version: z.string(),
    cert_not_after: z.string().nullable(),
    cert_days_left: z.number().nullable(),
  })
  .openapi('ProbeResult')

export const SloInput = z
  .object({
    id: Id.optional(),
    instansi: z.string().min(2).max(64),
    api_id: z.string().min(1).max(64),
    name: z.string().max(256).default(''),
    sli: z.enum(['availability', 'latency']).describe('availability: share of requests without 5xx; latency: share faster than latency_ms'),
    objective: z.number().gt(0).lt(100).optional().describe('Target %, e.g. 99.5; defaults to the API SLA (availability) or 95 (latency)'),
    latency_ms: z.number().positive().max(600_000).optional().describe('Latency SLO threshold; defaults to the API sla_p95_ms'),
    window_days: z.union([z.literal(28), z.literal(30)]).default(30),
    enabled: z.boolean().default(true),
  })
  .openapi('SloInput')
export type SloInput = z.infer<typeof SloInput>
export const Slo = SloInput.extend({ id: z.string(), name: z.string(), objective: z.number(), latency_ms: z.number(), ...Stamps }).openapi('Slo')
export type Slo = z.infer<typeof Slo>

export const BurnWindow = z.object({
  long: z.string(),
  short: z.string(),
  factor: z.number(),
  severity: z.string(),
  burn_long: z.number(),
  burn_short: z.number(),
  firing: z.boolean(),
})
export const SloStatus = z
  .object({
    slo: Slo,
    requests: z.number().int().describe('requests in the SLO window'),
    bad: z.number().describe('bad events in the SLO window (5xx, or estimated slower than latency_ms)'),
    sli_pct: z.number().nullable(),
    error_budget_remaining: z.number().nullable().describe('1 − bad / allowed bad; negative when overspent'),
    burn_rate: z.record(z.string(), z.number()).describe('burn rate per window (5m … 3d and the SLO window)'),
    alerts: z.array(BurnWindow),
  })
  .openapi('SloStatus')
export type SloStatus = z.infer<typeof SloStatus>

export const RuleKind = z.enum(['latency_p95', 'error_rate', 'gateway_silent', 'cert_expiry', 'brute_force', 'probe_failing'])
export type RuleKind = z.infer<typeof RuleKind>
export const Severity = z.enum(['critical', 'warning', 'info'])

export const RuleInput = z
  .object({
    id: Id.optional(),
    instansi: Owner.default(''),
    name: z.string().min(2).max(256),
    kind: RuleKind.describe(
      'latency_p95 (ms) · error_rate (5xx share 0..1) · gateway_silent (minutes) · cert_expiry (days) · brute_force (auth failures from one source) · probe_failing (consecutive failures)',
    ),
    api_id: z.string().max(64).default(''),
    gateway_id: z.string().max(64).default(''),
    probe_id: z.string().max(64).default(''),
    threshold: z.number().min(0),
    window_min: z.number().int().min(0).max(1440).default(5).describe('Evaluation window (latency, error rate, brute force)'),
    for_s: z.number().int().min(0).max(86_400).default(0).describe('Pending this long before firing'),
    severity: Severity.default('warning'),
    enabled: z.boolean().default(true),
  })
  .openapi('AlertRuleInput')
export type RuleInput = z.infer<typeof RuleInput>
export const Rule = RuleInput.extend({ id: z.string(), ...Stamps }).openapi('AlertRule')
export type Rule = z.infer<typeof Rule>

/** Longest matcher value (a regex is compiled with RE2 only up to this length). */
export const MAX_MATCHER_VALUE = 1024

export const Matcher = z.object({
  name: z.string().min(1).max(128),
  value: z.string().max(MAX_MATCHER_VALUE),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
})
export type Matcher = z.infer<typeof Matcher>

export const ReceiverKind = z.enum(['alertmanager', 'webhook', 'telegram', 'email'])
export const ReceiverInput = z
  .object({
    id: Id.optional(),
    instansi: Owner.default('').describe("Alerts of this instansi only; '' = all alerts"),
    name: z.string().min(2).max(256),
    kind: ReceiverKind,
    url: z
      .string()
      .max(2048)
      .default('')
      .describe(
        'alertmanager: base URL · webhook: endpoint · telegram: Bot API base (default https://api.telegram.org) · email: smtp://host:port or smtps://host:port',
      ),
    settings: z
      .object({
        chat_id: z.string().max(64).optional().describe('telegram'),
        to: z.array(z.string().email()).max(50).optional().describe('email recipients'),
        from: z.string().max(256).optional().describe('email sender'),
        username: z.string().max(256).optional().describe('SMTP user'),
        tls_verify: z.boolean().optional(),
      })
      .default({}),
    matchers: z.array(Matcher).max(20).default([]).describe('Only alerts matching all of these (e.g. severity=critical)'),
    secret: z.string().max(4096).optional().describe('HMAC key (webhook), bot token (telegram), SMTP password (email); write-only'),
    send_resolved: z.boolean().default(true),
    enabled: z.boolean().default(true),
  })
  .openapi('ReceiverInput')
export type ReceiverInput = z.infer<typeof ReceiverInput>
export const Receiver = ReceiverInput.omit({ secret: true })
  .extend({ id: z.string(), ...Stamps })
  .openapi('Receiver')
export type Receiver = z.infer<typeof Receiver>

export const SilenceInput = z
  .object({
    id: Id.optional(),
    instansi: Owner.default('').describe("Set for operators: the silence only matches that instansi's alerts"),
    matchers: z.array(Matcher).min(1).max(20),
    starts_at: z.string().datetime({ offset: true }).optional().describe('default now'),
    ends_at: z.string().datetime({ offset: true }),
    comment: z.string().min(1).max(1024),
  })
  .openapi('SilenceInput')
export type SilenceInput = z.infer<typeof SilenceInput>
export const Silence = SilenceInput.extend({
  id: z.string(),
  starts_at: z.string(),
  created_by: z.string(),
  status: z.enum(['pending', 'active', 'expired']),
  ...Stamps,
}).openapi('Silence')
export type Silence = z.infer<typeof Silence>

export const AlertState = z.enum(['pending', 'firing', 'resolved'])
export type AlertStateName = z.infer<typeof AlertState>
export const Alert = z
  .object({
    fingerprint: z.string(),
    rule_id: z.string(),
    instansi: z.string(),
    state: AlertState,
    silenced_by: z.array(z.string()),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    value: z.number(),
    active_at: z.string().describe('ISO 8601 in WIB'),
    fired_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
    links: z
      .object({
        explore: z.string().describe('web UI route (#/jelajah?…) of the requests behind the alert: its scope, condition and window'),
        silence: z.string().describe("web UI route (#/sla?silence=1&m.<label>=…) of the silence form prefilled with the alert's labels"),
      })
      .describe('append to the public URL (PANTAU_PUBLIC_URL) + "/"'),
  })
  .openapi('Alert')
export type Alert = z.infer<typeof Alert>

export const AlertTransition = z
  .object({
    ts: z.string(),
    fingerprint: z.string(),
    rule_id: z.string(),
    instansi: z.string(),
    alertname: z.string(),
    severity: z.string(),
    from_state: z.string(),
    to_state: z.string(),
    value: z.number(),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
  })
  .openapi('AlertTransition')

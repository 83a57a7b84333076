/**
 * One line of WSO2 API Manager's `apim_metrics.log` (`[apim.analytics] type = "elk"`),
 * as shippers that tail the file send it: Fluent Bit, Vector, Filebeat, syslog-ng,
 * the OpenTelemetry filelog receiver, or a plain-text POST. The gateway's
 * ELKCounterMetric logs (wso2/apim-analytics-publisher, `reporter/elk/ELKCounterMetric.java`)
 *
 *   log.info("apimMetrics: " + name + ", properties :" + gson.toJson(event))
 *
 * through the log4j2 pattern `%d{HH:mm:ss,SSS} [%X{ip}-%X{host}] [%t] %5p %c{1} %m%n`:
 *
 *   08:23:34,898 [-] [PassThroughMessageProcessor-188]  INFO ELKCounterMetric apimMetrics: apim:response, properties :{…}
 *
 * The prefix carries a time without a date (JVM time zone), so the event time is the
 * JSON's own `requestTimestamp`; the prefix is only skipped. A Go re-implementation
 * writes `properties: {…}`, so any spacing around the colon is accepted. Only two
 * metrics exist: `apim:response` and `apim:faulty` (Constants.java in carbon-apimgt);
 * they become the `eventType` "response" / "fault" the wso2 adapter knows (the name
 * WSO2's own Logstash and OpenSearch pipelines give the same field).
 *
 * The same file also holds lines that are no metric at all (at start-up
 * `ELKMetricReporter LogMetricReporter successfully initialized`). Such a line is a
 * WSO2 log line without `apimMetrics:` and is refused by name, never dropped silently.
 */
import { deeperThan, MAX_RECORD_DEPTH, tooDeep } from './json-depth.js'

export type Wso2Line = { ok: true; metric: string; record: Record<string, unknown> } | { ok: false; reason: string }

const METRIC_WORD = 'apimMetrics:'
/** `properties :`, `properties:` or `properties: ` right after the metric name's comma. */
const PROPERTIES = /^\s*properties\s*:\s*/
/**
 * A log4j line of the WSO2 pattern: time (optionally after a date, optionally in
 * brackets as in wso2carbon.log), then bracketed MDC and thread, the level and the logger.
 */
const LOG4J = /^\s*\[?(?:\d{4}-\d{2}-\d{2}[ T])?\d{2}:\d{2}:\d{2}[,.]\d{3}\]?\s+(?:\[[^\]]*\]\s+){1,2}(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+(\S+)/

const EVENT_TYPES: Record<string, 'response' | 'fault'> = { 'apim:response': 'response', 'apim:faulty': 'fault' }

/** True when the text looks like a line of apim_metrics.log (a metric or another log4j line). */
export function isWso2Line(text: string): boolean {
  return text.includes(METRIC_WORD) || LOG4J.test(text)
}

/**
 * The analytics event of an apim_metrics.log line, with `eventType` set from the
 * metric name; undefined when the text is no WSO2 log line at all. A failure's
 * reason names what the line is and why it is not a request event, as a noun
 * phrase starting "WSO2 …" (callers write "line 3: …" or "body is a …").
 */
export function parseWso2Line(text: string): Wso2Line | undefined {
  const line = text.trim()
  // plain string search, no backtracking regex: a hostile line costs one pass
  const at = line.indexOf(METRIC_WORD)
  if (at < 0) {
    const log = LOG4J.exec(line)
    if (!log) return undefined
    return { ok: false, reason: `WSO2 apim_metrics line without apimMetrics (${log[1]} ${log[2]}): not a request event` }
  }
  const rest = line.slice(at + METRIC_WORD.length)
  const comma = rest.indexOf(',')
  const props = comma < 0 ? undefined : PROPERTIES.exec(rest.slice(comma + 1))
  const json = props ? rest.slice(comma + 1 + props[0].length) : ''
  if (!json.startsWith('{')) return { ok: false, reason: 'WSO2 apimMetrics line without a "properties :{…}" JSON object' }
  const metric = rest.slice(0, comma).trim()
  const eventType = EVENT_TYPES[metric]
  if (!eventType)
    return { ok: false, reason: `WSO2 apimMetrics line of metric '${metric.slice(0, 40)}': only apim:response and apim:faulty are request events` }
  let value: unknown
  try {
    // Gson writes the JSON last on the line; anything a shipper appended after the last brace is not part of it
    value = JSON.parse(json.slice(0, json.lastIndexOf('}') + 1))
  } catch (e) {
    // only the position: the parser's message quotes the text around the error
    const pos = /position (\d+)/.exec((e as Error).message)?.[1]
    return { ok: false, reason: `WSO2 ${metric} line whose properties are not JSON${pos === undefined ? '' : ` (at character ${pos})`}` }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: `WSO2 ${metric} line whose properties are not a JSON object` }
  if (deeperThan(value, MAX_RECORD_DEPTH)) return { ok: false, reason: `WSO2 ${metric} line whose properties are ${tooDeep(MAX_RECORD_DEPTH)}` }
  const record = value as Record<string, unknown>
  return { ok: true, metric, record: { ...record, eventType: typeof record.eventType === 'string' ? record.eventType : eventType } }
}

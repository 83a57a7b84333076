/** The encoder of each feed format. */
import type { FeedFormat } from '../model.js'
import { apisixEncoder } from './apisix.js'
import { envoyEncoder } from './envoy.js'
import { kongEncoder } from './kong.js'
import { nginxEncoder } from './nginx.js'
import { otlpEncoder } from './otlp.js'
import { pasal13Encoder } from './pasal13.js'
import type { Encoder } from './req.js'
import { wso2Encoder } from './wso2.js'

export type { Encoder, Req } from './req.js'
export { emptyReq } from './req.js'
export { assertJsonSafe, JsonWriter } from './writer.js'

export const ENCODERS: Record<FeedFormat, Encoder> = {
  wso2: wso2Encoder,
  kong: kongEncoder,
  apisix: apisixEncoder,
  nginx: nginxEncoder,
  envoy: envoyEncoder,
  pasal13: pasal13Encoder,
  otlp: otlpEncoder,
}

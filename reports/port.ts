/**
 * The reports part behind the port the API edge uses (shared/reports/contract.ts):
 * generation, the immutable store and verification over one set of services.
 */
import type { Storage } from '../storage/client.js'
import type { ReportsPort } from '../shared/reports/contract.js'
import { createReportServices, generateReport, type ReportServices } from './generate.js'
import { verifyStored, verifyUpload } from './verify.js'

export function createReportsPort(storage: Storage, services: ReportServices = createReportServices(storage)): ReportsPort {
  const { store } = services
  return {
    generate: (o) => generateReport(services, o),
    get: (id) => store.get(id),
    list: (filter, limit, offset) => store.list(filter, limit, offset),
    pdf: (report) => store.pdf(report),
    verifyStored: (id) => verifyStored(store, id),
    verifyUpload: (id, bytes) => verifyUpload(store, id, bytes),
  }
}

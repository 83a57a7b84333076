/**
 * The reports part behind the port the API edge uses (shared/reports/contract.ts):
 * generation, the immutable store, verification, the national recap and
 * report batches over one set of services.
 */
import type { Storage } from '../storage/client.js'
import type { ReportsPort } from '../shared/reports/contract.js'
import { BatchRunner } from './batch/runner.js'
import { createReportServices, generateReport, type ReportServices } from './generate.js'
import { recap } from './recap/recap.js'
import { verifyStored, verifyUpload } from './verify.js'

export function createReportsPort(
  storage: Storage,
  services: ReportServices = createReportServices(storage),
  batches: BatchRunner = new BatchRunner(services),
): ReportsPort {
  const { store } = services
  return {
    generate: (o) => generateReport(services, o),
    get: (id) => store.get(id),
    list: (filter, limit, offset) => store.list(filter, limit, offset),
    pdf: (report) => store.pdf(report),
    verifyStored: (id) => verifyStored(store, id),
    verifyUpload: (id, bytes) => verifyUpload(store, id, bytes),
    recap: (q) => recap(services, q),
    batches,
  }
}

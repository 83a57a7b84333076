/**
 * The policy-document register and the SPL review register: registry-style
 * versioned tables (EntityTable), writes checked against the registry and
 * audited. A policy's uploaded file goes to the blob store; the policy row
 * keeps its SHA-256, name and size, so a report can cite exactly that file.
 */
import type { Storage } from '../../storage/client.js'
import { audit } from '../access/audit.js'
import type { Principal } from '../access/principal.js'
import { badRequest, conflict, notFound } from '../http/problem.js'
import { EntityTable, type Row } from '../registry/entity-table.js'
import { Registry, slug } from '../registry/registry.js'
import { BlobStore } from '../../storage/blobs.js'
import { POLICY_COLUMNS, Policy, REVIEW_COLUMNS, Review, type PolicyInput, type ReviewInput } from './schemas.js'

/** Uploaded policy documents: PDF only, up to this size. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

const NO_DOCUMENT = { document_sha256: '', document_name: '', document_size: 0 }

export class EvidenceRegisters {
  readonly registry: Registry
  readonly blobs: BlobStore
  readonly policies: EntityTable<Policy>
  readonly reviews: EntityTable<Review>

  constructor(private readonly storage: Storage) {
    // no change hook: policies, reviews and reports are nothing the collector needs to reload for
    this.registry = new Registry(storage)
    this.blobs = new BlobStore(storage)
    this.policies = new EntityTable(storage, 'policy_documents', ['id'], POLICY_COLUMNS, Policy)
    this.reviews = new EntityTable(storage, 'spl_reviews', ['id'], REVIEW_COLUMNS, Review)
  }

  /** Create (previous undefined) or replace a row; audited as `<what>.create|update`. */
  private async save<T extends Row>(who: Principal, table: EntityTable<T>, what: string, id: string, row: Row, creating: boolean): Promise<T> {
    await this.registry.requireInstansi(String(row.instansi), 'body.instansi')
    const previous = await table.get({ id })
    if (creating && previous) throw conflict(`${what} '${id}' exists`, 'id')
    if (!creating && !previous) throw notFound(`${what} '${id}'`, 'id')
    if (previous && previous.instansi !== row.instansi) throw badRequest('body.instansi', `a ${what} cannot move to another instansi`)
    const saved = await table.put({ ...row, id }, previous)
    await audit(this.storage, who, { action: `${what}.${creating ? 'create' : 'update'}`, resource: id, instansi: String(row.instansi), detail: row })
    return saved
  }

  private async remove<T extends Row>(who: Principal, table: EntityTable<T>, what: string, id: string): Promise<void> {
    const previous = await table.get({ id })
    if (!previous) throw notFound(`${what} '${id}'`, 'id')
    await table.remove({ id }, previous)
    await audit(this.storage, who, { action: `${what}.delete`, resource: id, instansi: String(previous.instansi) })
  }

  private async checkSupersedes(input: PolicyInput, id: string): Promise<void> {
    if (!input.supersedes) return
    if (input.supersedes === id) throw badRequest('body.supersedes', 'a policy cannot supersede itself')
    const older = await this.policies.get({ id: input.supersedes })
    if (!older || older.instansi !== input.instansi) throw badRequest('body.supersedes', `unknown policy '${input.supersedes}' of '${input.instansi}'`)
  }

  async createPolicy(who: Principal, input: PolicyInput): Promise<Policy> {
    const id = input.id ?? `${input.instansi}.${slug(input.number || input.title)}`
    await this.checkSupersedes(input, id)
    return this.save(who, this.policies, 'policy', id, { ...input, ...NO_DOCUMENT }, true)
  }

  /** Replace the fields of a policy; its uploaded document stays attached. */
  async updatePolicy(who: Principal, id: string, input: PolicyInput): Promise<Policy> {
    await this.checkSupersedes(input, id)
    const previous = await this.policies.get({ id })
    const document = previous
      ? { document_sha256: previous.document_sha256, document_name: previous.document_name, document_size: previous.document_size }
      : NO_DOCUMENT
    return this.save(who, this.policies, 'policy', id, { ...input, ...document }, false)
  }

  removePolicy = (who: Principal, id: string) => this.remove(who, this.policies, 'policy', id)

  /** Store an uploaded PDF and attach it to the policy (a new upload replaces the reference, the old file stays stored). */
  async attachDocument(who: Principal, id: string, bytes: Buffer, name: string): Promise<Policy> {
    const previous = await this.policies.get({ id })
    if (!previous) throw notFound(`policy '${id}'`, 'id')
    if (bytes.length === 0 || bytes.length > MAX_DOCUMENT_BYTES)
      throw badRequest('body', `the document must be 1 byte to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`)
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw badRequest('body', 'the document must be a PDF file')
    const digest = await this.blobs.put(bytes, 'application/pdf')
    const document = { document_sha256: digest, document_name: name.slice(0, 255) || `${id}.pdf`, document_size: bytes.length }
    const saved = await this.policies.put({ ...previous, ...document }, previous)
    await audit(this.storage, who, { action: 'policy.document', resource: id, instansi: previous.instansi, detail: document })
    return saved
  }

  async createReview(who: Principal, input: ReviewInput): Promise<Review> {
    const id = input.id ?? `${input.instansi}.${input.kind}-${input.date}-${slug(input.title).slice(0, 32)}`
    return this.save(who, this.reviews, 'spl_review', id, input, true)
  }

  updateReview = (who: Principal, id: string, input: ReviewInput) => this.save(who, this.reviews, 'spl_review', id, input, false)
  removeReview = (who: Principal, id: string) => this.remove(who, this.reviews, 'spl_review', id)

  /** Policies of an instansi dated up to `toDate` (YYYY-MM-DD, exclusive), oldest first. */
  async policiesOf(instansi: string, toDate: string): Promise<Policy[]> {
    const rows = await this.policies.list({ instansi }, { orderBy: 'date' })
    return rows.filter((p) => p.date < toDate)
  }

  /** Reviews of an instansi about `subject` dated in [fromDate, toDate), oldest first. */
  async reviewsOf(instansi: string, subject: Review['subject'], fromDate: string, toDate: string): Promise<Review[]> {
    const rows = await this.reviews.list({ instansi, subject }, { orderBy: 'date' })
    return rows.filter((r) => r.date >= fromDate && r.date < toDate)
  }
}

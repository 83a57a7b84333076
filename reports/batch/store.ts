/**
 * Report batches as stored (migration 0015): the batch row (what was asked,
 * by whom, its state) and one item row per instansi finished. Rows are
 * versioned (ReplacingMergeTree) and read with FINAL; an item is written the
 * moment its report is stored, so after a restart the batch knows exactly
 * which instansi are left.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { chTime } from '../../storage/columns.js'
import { Indicator, type Indicator as IndicatorT } from '../../shared/reports/contract.js'
import { BatchState, type BatchItem } from '../../shared/reports/assessment.js'

export interface BatchRow {
  id: string
  indicator: IndicatorT
  period: string
  instansi: string[]
  requested_by: string
  base_url: string
  state: BatchState
  resumed: number
  created_at: string
  updated_at: string
}

const Row = z.object({
  id: z.string(),
  indicator: Indicator,
  period: z.string(),
  instansi: z.array(z.string()),
  requested_by: z.string(),
  base_url: z.string(),
  state: BatchState,
  resumed: z.number().int(),
  created_at: chTime,
  updated_at: chTime,
}) satisfies z.ZodType<BatchRow>

const ItemRow = z.object({
  instansi: z.string(),
  state: z.enum(['done', 'failed']),
  report_id: z.string(),
  sha256: z.string(),
  level: z.number().int(),
  error: z.string(),
})

const BATCH_COLUMNS = 'id, indicator, period, instansi, requested_by, base_url, state, resumed, created_at, updated_at'

export class BatchStore {
  constructor(private readonly storage: Storage) {}

  /** Write a new version of the batch row (updated_at = now, strictly later than the previous version). */
  async put(row: Omit<BatchRow, 'updated_at' | 'created_at'> & { created_at?: string; updated_at?: string }): Promise<void> {
    const now = Math.max(Date.now(), row.updated_at ? Date.parse(row.updated_at) + 1 : 0)
    await this.storage.insertRows('report_batches', [{ ...row, created_at: row.created_at ? Date.parse(row.created_at) : now, updated_at: now }])
  }

  async get(id: string): Promise<BatchRow | undefined> {
    const rows = await this.storage.rows(Row, `SELECT ${BATCH_COLUMNS} FROM report_batches FINAL WHERE id = {id:String} LIMIT 1`, { id })
    return rows[0]
  }

  /** Batches in a state (the ones left running or queued by a stopped process). */
  async inState(states: readonly BatchState[]): Promise<BatchRow[]> {
    return this.storage.rows(Row, `SELECT ${BATCH_COLUMNS} FROM report_batches FINAL WHERE has({s:Array(String)}, state) ORDER BY created_at, id`, {
      s: states,
    })
  }

  async finish(batchId: string, item: BatchItem): Promise<void> {
    await this.storage.insertRows('report_batch_items', [
      {
        batch_id: batchId,
        instansi: item.instansi,
        state: item.state,
        report_id: item.report_id ?? '',
        sha256: item.sha256 ?? '',
        level: item.level ?? -1,
        error: item.error ?? '',
        finished_at: Date.now(),
      },
    ])
  }

  /** The finished items of a batch, in instansi order. */
  async items(batchId: string): Promise<BatchItem[]> {
    const rows = await this.storage.rows(
      ItemRow,
      'SELECT instansi, state, report_id, sha256, level, error FROM report_batch_items FINAL WHERE batch_id = {b:String} ORDER BY instansi',
      { b: batchId },
    )
    return rows.map((r) => ({
      instansi: r.instansi,
      state: r.state,
      report_id: r.report_id || null,
      sha256: r.sha256 || null,
      level: r.level < 0 ? null : r.level,
      error: r.error || null,
    }))
  }
}

/** The shapes of the dictionary: languages and message groups (messages/*.ts fill them). */
export type Lang = 'id' | 'en'
export const LANGS: readonly Lang[] = ['id', 'en']
export type Messages = Record<string, string>
export interface MessageGroup {
  id: Messages
  en: Messages
}

import type { Permission } from './types.ts';

/** The tabs of one database page, in order, and which permission sees which. */
const connectionTabs = ['general', 'chat', 'intelligence', 'settings'] as const;
export type ConnectionTab = (typeof connectionTabs)[number];

const tabsFor: Record<Permission, ConnectionTab[]> = {
  chat: ['general', 'chat'],
  view: ['general', 'chat', 'intelligence'],
  owner: ['general', 'chat', 'intelligence', 'settings'],
};

export function tabsOf(permission: Permission): ConnectionTab[] {
  return tabsFor[permission];
}

export function isTab(value: string | undefined): value is ConnectionTab {
  return (connectionTabs as readonly string[]).includes(value ?? '');
}

export const tabLabel = (tab: ConnectionTab) => tab.charAt(0).toUpperCase() + tab.slice(1);

/** Every address a person navigates to, built in one place. */
export const paths = {
  connections: () => '/',
  tab: (connectionId: string, tab: ConnectionTab) => `/db/${connectionId}/${tab}`,
  chat: (connectionId: string, sessionId?: string | null) =>
    sessionId ? `/db/${connectionId}/chat/${sessionId}` : `/db/${connectionId}/chat`,
  answer: (connectionId: string, sessionId: string, messageId: string) =>
    `/db/${connectionId}/chat/${sessionId}#m-${messageId}`,
  settings: (section = 'answering') => `/settings/${section}`,
};

/** The document title: most specific first, e.g. "Chat · Demo: retail · AskDB". */
export function pageTitle(...parts: (string | null | undefined)[]): string {
  return [...parts.filter((p): p is string => Boolean(p)), 'AskDB'].join(' · ');
}

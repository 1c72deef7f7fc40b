import type { ReactNode } from 'react';
import { AccessTokensPanel } from './AccessTokensPanel.tsx';
import { AnsweringPanel } from './AnsweringPanel.tsx';

/** The sections of the Settings page, in order: /settings/<key>. Add a section here. */
export const settingsSections: { key: string; label: string; render: () => ReactNode }[] = [
  { key: 'answering', label: 'Answering', render: () => <AnsweringPanel /> },
  { key: 'tokens', label: 'Access tokens', render: () => <AccessTokensPanel /> },
];

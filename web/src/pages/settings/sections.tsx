import type { ReactNode } from 'react';
import { AnsweringPanel } from './AnsweringPanel.tsx';

/** The sections of the Settings page, in order: /settings/<key>. Add a section here. */
export const settingsSections: { key: string; label: string; render: () => ReactNode }[] = [{ key: 'answering', label: 'Answering', render: () => <AnsweringPanel /> }];

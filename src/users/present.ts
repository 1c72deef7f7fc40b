import { z } from 'zod';
import type { User } from '../db/schema.ts';

export const userOut = z.object({
  id: z.uuid(),
  username: z.string(),
  email: z.string(),
  is_active: z.boolean(),
  is_superuser: z.boolean(),
  created_at: z.string(),
});

/** Someone found by search: the id only for people who can share, the email only when the query was that exact address. */
export const publicUserOut = z.object({ id: z.uuid().optional(), username: z.string(), email: z.string().optional() });

export function presentUser(user: User): z.infer<typeof userOut> {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    is_active: user.isActive,
    is_superuser: user.isSuperuser,
    created_at: user.createdAt.toISOString(),
  };
}

export const usernameField = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'Username must be at least 3 characters')
  .max(32, 'Username must be at most 32 characters')
  .regex(/^[a-z0-9_.-]+$/, 'Username may contain only letters a-z, digits, "_", "." and "-"');

export const emailField = z.string().trim().max(254).pipe(z.email('Enter a valid email address'));

export const passwordField = z
  .string()
  .min(8, 'Password must be at least 8 characters')
  .max(256, 'Password must be at most 256 characters');

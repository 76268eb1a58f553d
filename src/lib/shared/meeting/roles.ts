/** Named groups of roles, declared once: commands, routes and views say who by these names. */
import { ROLES, type Role } from './types.js';

export const EVERY_ROLE: readonly Role[] = ROLES;
export const ORGANISER_ONLY: readonly Role[] = ['organiser'];
/** Roles whose links people join through by name (they become members). */
export const MEMBER_ROLES: readonly Role[] = ['participant', 'ministry', 'facilitator'];
/** Everyone but the plenary screen. */
export const NOT_DISPLAY: readonly Role[] = ROLES.filter((r) => r !== 'display');
/** The plenary screen and those who drive it. */
export const SCREEN_ROLES: readonly Role[] = ['organiser', 'display'];

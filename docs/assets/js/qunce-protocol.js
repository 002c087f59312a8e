// Generated from qunce_site/progress.py by `python -m qunce_site protocol`; do not edit.
// The progress protocol shared by the rendered pages and the page scripts: see that module.

export const PREFIX = "qunce:";
export const FORMAT = "qunce-progress";
export const VERSION = 2;
export const READ_VERSIONS = [1, 2];
export const KINDS = ["read", "used", "drill", "checklist", "quiz"];
export const QUIZ_ANSWERS = ["right", "wrong"];
export const MAX_NAME = 40;
export const ID_PATTERN = "[a-z0-9][a-z0-9_-]{0,79}";
export const MAX_FILE_BYTES = 200000;
export const MAX_ENTRIES = 2000;
export const EXPORT_NAME = "qunce-progress.json";
export const ATTRIBUTES = ["key", "item", "path", "steps", "drills", "max", "count", "when", "drill", "choice", "score", "checklist", "total", "msg", "slot", "needs-js", "quiz", "answer"];
export const PLAN_KEY = "plan:";
export const PLAN_CURRENT = "plan-current";
export const PLAN_ID_PATTERN = "[a-z0-9]{1,40}";

// A progress key (without PREFIX): role, name, or <kind>:<id>.
export const KEY = new RegExp(`^(role|name|(${KINDS.join("|")}):${ID_PATTERN})$`);
export const ID = new RegExp(`^${ID_PATTERN}$`);
// A saved plan's id (its key is PREFIX + PLAN_KEY + id).
export const PLAN_ID = new RegExp(`^${PLAN_ID_PATTERN}$`);

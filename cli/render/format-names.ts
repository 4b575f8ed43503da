/** The names of ccguard's output formats, apart from their renderers, so the command line can list them without loading any. */
export const FORMATS = ["text", "json", "md", "html", "sarif", "junit", "csv"] as const;
export type Format = (typeof FORMATS)[number];

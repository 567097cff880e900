import packageJson from "../package.json" with { type: "json" };

/** Embedded at build time: the bundler inlines package.json's version. */
export const VERSION: string = packageJson.version;

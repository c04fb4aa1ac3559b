/** Feature values by catalogue name; null means the data needed is missing (never "ok"). */
export type FeatureValue = number | boolean | null;
export type FeatureVector = Record<string, FeatureValue>;

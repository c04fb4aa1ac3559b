export const CSV_EXPORT_KEY = 'csv_export';

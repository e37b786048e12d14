"""The report's numbers as files (CSV, XLSX)."""

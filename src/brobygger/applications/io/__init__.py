"""Spreadsheets in and out: the applications import and the export."""

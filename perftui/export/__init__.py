"""Export of documents to the printed form (Excel workbook)."""

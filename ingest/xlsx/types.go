package xlsx

// String names a cell type as the t attribute says it: "number",
// "string", "bool", "error", "isodate".
func (t CellType) String() string {
	switch t {
	case Number:
		return "number"
	case String:
		return "string"
	case Bool:
		return "bool"
	case Error:
		return "error"
	case ISODate:
		return "isodate"
	}
	return "unknown"
}

// String names a format kind: "general", "date", "datetime", "time",
// "text".
func (k FormatKind) String() string {
	switch k {
	case General:
		return "general"
	case Date:
		return "date"
	case DateTime:
		return "datetime"
	case Time:
		return "time"
	case Text:
		return "text"
	}
	return "unknown"
}

package xlsx

import "testing"

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		head string
		want string
	}{
		{"empty", "", "an empty file"},
		{"xlsx", "PK\x03\x04\x14\x00\x06\x00", "a zip archive"},
		{"empty zip", "PK\x05\x06" + string(make([]byte, 18)), "a zip archive"},
		{"ole", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "an OLE compound file (a password-protected workbook or a legacy .xls)"},
		{"spreadsheetml", `<?xml version="1.0"?>` + "\r\n" + `<?mso-application progid="Excel.Sheet"?>` + "\r\n" +
			`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`, "Excel 2003 XML (SpreadsheetML)"},
		{"html table", "\xEF\xBB\xBF<table border=1><tr><td>Invoice</td></tr></table>", "HTML"},
		{"html document", "<!DOCTYPE html>\n<html><head>", "HTML"},
		{"xml", `<?xml version="1.0"?><invoices/>`, "XML"},
		{"csv", "Invoice,Client,Amount\r\nINV-1,Acme,100\r\n", "CSV text"},
		{"semicolon csv", "Factuur;Klant;Bedrag\nF-1;Acme;100,50\n", "CSV text"},
		{"windows-1252 csv", "Client,Montant\nSoci\xe9t\xe9,100\n", "CSV text"},
		{"tab-separated", "Invoice\tClient\n1\tAcme\n", "tab-separated text"},
		{"utf-16 unicode text", "\xFF\xFEI\x00n\x00v\x00\t\x00C\x00l\x00\r\x00\n\x00", "tab-separated text"},
		{"plain text", "hello world\n", "plain text"},
		{"pdf", "%PDF-1.7\n", "a PDF document"},
		{"gzip", "\x1F\x8B\x08\x00", "a gzip file"},
		{"binary", "\x00\x01\x02\x03\x04\x05", "binary data of an unknown kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.head)); got != tt.want {
				t.Errorf("Sniff(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}

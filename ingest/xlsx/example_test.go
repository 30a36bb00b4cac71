package xlsx_test

import (
	"fmt"
	"log"

	"clientscore/ingest/xlsx"
)

// Reading a sheet: each row's number and its non-empty cells, with their
// column, type, raw value and number format kind. The workbook counts
// dates from 1904, so 42735 formatted as a date is 2021-01-01.
func Example() {
	wb, err := xlsx.Open("testdata/date-1904.xlsx", xlsx.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	defer wb.Close()
	fmt.Println("1904 dates:", wb.Date1904())
	rows, err := wb.Rows(wb.Sheets()[0].Name)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		for _, c := range rows.Cells() {
			fmt.Printf("row %d col %d: %s %s %s\n", rows.Row(), c.Col, c.Type, c.Value, c.Format)
		}
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 1904 dates: true
	// row 1 col 1: number 42735 date
	// row 1 col 2: number 15 general
	// row 2 col 1: number 42736 date
	// row 2 col 2: number 16 general
	// row 3 col 1: number 10.6320601851852 time
	// row 3 col 2: number 17 general
}

func ExampleSniff() {
	fmt.Println(xlsx.Sniff([]byte("Invoice;Client;Amount\r\n")))
	fmt.Println(xlsx.Sniff([]byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>`)))
	// Output:
	// CSV text
	// Excel 2003 XML (SpreadsheetML)
}

func ExampleClassifyFormat() {
	for _, code := range []string{"dd/mm/yyyy", "[h]:mm", "yyyy-mm-dd hh:mm", "#,##0.00 [$EUR]", "@"} {
		fmt.Printf("%-18s %s\n", code, xlsx.ClassifyFormat(code))
	}
	// Output:
	// dd/mm/yyyy         date
	// [h]:mm             time
	// yyyy-mm-dd hh:mm   datetime
	// #,##0.00 [$EUR]    general
	// @                  text
}

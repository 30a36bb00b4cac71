package ingest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpensNothingForWriting holds the line that Read only ever reads its
// inputs: no code of ingest or ingest/xlsx (tests aside) calls anything
// that creates, opens for writing, changes or removes a file. Every input
// test also checks that files are byte for byte the same after Read (see
// TestHostileInputs and TestInputFilesUnchanged); this catches what a
// hash cannot, an open for writing that writes nothing.
func TestOpensNothingForWriting(t *testing.T) {
	t.Parallel()
	banned := map[string]bool{
		// package os
		"os.Create": true, "os.CreateTemp": true, "os.OpenFile": true, "os.WriteFile": true,
		"os.Remove": true, "os.RemoveAll": true, "os.Rename": true, "os.Chmod": true, "os.Chown": true,
		"os.Lchown": true, "os.Chtimes": true, "os.Truncate": true, "os.Mkdir": true, "os.MkdirAll": true,
		"os.MkdirTemp": true, "os.Link": true, "os.Symlink": true, "os.NewFile": true,
		// package syscall and its successor
		"syscall.Open": true, "unix.Open": true,
	}
	var files []string
	for _, dir := range []string{".", "xlsx"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range f.Imports {
			// One reader of workbooks, ingest/xlsx: excelize is the
			// writer and, in the tests, the reference.
			if strings.Contains(imp.Path.Value, "excelize") {
				t.Errorf("%s: imports %s", path, imp.Path.Value)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && banned[pkg.Name+"."+sel.Sel.Name] {
				t.Errorf("%s: calls %s.%s", fset.Position(call.Pos()), pkg.Name, sel.Sel.Name)
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}

package xlsx

import (
	"encoding/binary"
	"io"
	"unicode/utf16"
)

// An OLE compound file (CFB) is a small FAT file system in one file. Excel
// 97-2003 keeps a workbook in it (a stream named "Workbook", or "Book" for
// Excel 5/95), and Office keeps an encrypted .xlsx in it (streams
// "EncryptionInfo" and "EncryptedPackage"). Reading the directory's
// stream names is enough to say which, and what to do about it.

// oleKind is what an OLE compound file holds.
type oleKind uint8

const (
	oleUnknown   oleKind = iota
	oleEncrypted         // a password-protected OOXML file
	oleXLS               // Excel 97-2003 (BIFF8)
	oleXLS95             // Excel 5.0/95 (BIFF5)
	oleDoc               // Word 97-2003
	olePPT               // PowerPoint 97-2003
)

// oleError is the error for an OLE compound file: it matches ErrEncrypted,
// and ErrLegacy or ErrPassword when the file's directory says which.
type oleError struct{ kind oleKind }

func (e *oleError) Error() string {
	switch e.kind {
	case oleEncrypted:
		return "is a password-protected workbook"
	case oleXLS:
		return "is a legacy Excel 97-2003 workbook (.xls)"
	case oleXLS95:
		return "is a legacy Excel 5.0/95 workbook (.xls)"
	case oleDoc:
		return "is a Word 97-2003 document (.doc), not a workbook"
	case olePPT:
		return "is a PowerPoint 97-2003 presentation (.ppt), not a workbook"
	}
	return ErrEncrypted.Error()
}

func (e *oleError) Is(target error) bool {
	switch target {
	case ErrEncrypted:
		return true
	case ErrLegacy:
		return e.kind == oleXLS || e.kind == oleXLS95
	case ErrPassword:
		return e.kind == oleEncrypted
	}
	return false
}

// words says what the file looks like, for Sniff.
func (k oleKind) words() string {
	switch k {
	case oleEncrypted:
		return "a password-protected workbook (an encrypted OLE compound file)"
	case oleXLS:
		return "a legacy Excel 97-2003 workbook (.xls)"
	case oleXLS95:
		return "a legacy Excel 5.0/95 workbook (.xls)"
	case oleDoc:
		return "a Word 97-2003 document (.doc)"
	case olePPT:
		return "a PowerPoint 97-2003 presentation (.ppt)"
	}
	return "an OLE compound file (a password-protected workbook or a legacy .xls)"
}

// Bounds on what classifying reads: directory sectors followed, and the
// FAT sectors listed in the header (109 cover files up to about 7 MB of
// 512-byte sectors, where a directory nearly always lies).
const (
	maxDirSectors = 1024
	headerFATs    = 109
)

// classifyOLE reads the directory of the compound file in r and says what
// it holds; oleUnknown when it cannot tell (a damaged or odd file).
func classifyOLE(r io.ReaderAt, size int64) oleKind {
	le := binary.LittleEndian
	hdr := make([]byte, 512)
	if n, _ := r.ReadAt(hdr, 0); n < len(hdr) {
		return oleUnknown
	}
	shift := le.Uint16(hdr[0x1E:])
	if shift != 9 && shift != 12 {
		return oleUnknown
	}
	secSize := int64(1) << shift
	offset := func(sid uint32) int64 { return (int64(sid) + 1) * secSize }
	var fat []uint32 // the FAT sectors named in the header
	for i := range headerFATs {
		sid := le.Uint32(hdr[0x4C+4*i:])
		if sid >= 0xFFFFFFFA {
			break
		}
		fat = append(fat, sid)
	}
	perFAT := uint32(secSize / 4)
	next := func(sid uint32) (uint32, bool) {
		i := sid / perFAT
		if int(i) >= len(fat) {
			return 0, false
		}
		var b [4]byte
		if _, err := r.ReadAt(b[:], offset(fat[i])+4*int64(sid%perFAT)); err != nil {
			return 0, false
		}
		return le.Uint32(b[:]), true
	}
	names := map[string]bool{}
	sec := make([]byte, secSize)
	sid := le.Uint32(hdr[0x30:])
	for range maxDirSectors {
		if sid >= 0xFFFFFFFA || offset(sid)+secSize > size {
			break
		}
		if _, err := r.ReadAt(sec, offset(sid)); err != nil {
			break
		}
		for e := 0; e+128 <= len(sec); e += 128 {
			entry := sec[e : e+128]
			n := int(le.Uint16(entry[0x40:]))
			if entry[0x42] == 0 || n < 2 || n > 64 {
				continue
			}
			u := make([]uint16, n/2-1)
			for j := range u {
				u[j] = le.Uint16(entry[2*j:])
			}
			names[string(utf16.Decode(u))] = true
		}
		var ok bool
		if sid, ok = next(sid); !ok {
			break
		}
	}
	switch {
	case names["EncryptionInfo"] || names["EncryptedPackage"]:
		return oleEncrypted
	case names["Workbook"]:
		return oleXLS
	case names["Book"]:
		return oleXLS95
	case names["WordDocument"]:
		return oleDoc
	case names["PowerPoint Document"]:
		return olePPT
	}
	return oleUnknown
}

// SniffReader is Sniff for a whole file: for an OLE compound file it reads
// the file's directory to say which kind it is ("a legacy Excel 97-2003
// workbook (.xls)", "a password-protected workbook (an encrypted OLE
// compound file)"); for anything else it is Sniff of the first bytes.
func SniffReader(r io.ReaderAt, size int64) string {
	head := make([]byte, SniffLen)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	if len(head) >= len(oleMagic) && string(head[:len(oleMagic)]) == string(oleMagic) {
		return classifyOLE(r, size).words()
	}
	return Sniff(head)
}

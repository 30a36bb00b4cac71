package xlsx

import "testing"

func TestClassifyFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want FormatKind
	}{
		{"General", General},
		{"", General},
		{"0", General},
		{"0.00", General},
		{"#,##0.00", General},
		{"0%", General},
		{"0.00%", General},
		{"0.00E+00", General}, // the E of scientific notation is no era year
		{"##0.0e-0", General},
		{`#,##0.00 [$EUR]`, General},   // a bracketed currency says nothing of dates
		{`[$€-407] #,##0.00`, General}, // the d in a locale bracket neither
		{`#,##0.00 "days"`, General},   // quoted text neither
		{`#,##0 \d`, General},          // nor an escaped d
		{`#,##0_);[Red](#,##0)`, General},
		{`_-* #,##0.00\ [$€-1]_-;\-* #,##0.00\ [$€-1]_-;_-* "-"??\ [$€-1]_-;_-@_-`, General}, // @ in the text section only
		{"@", Text},
		{`"Ref: "@`, Text},
		{"yyyy-mm-dd", Date},
		{`yyyy\-mm\-dd`, Date},
		{"d/m/yy", Date},
		{"dd.mm.yyyy", Date},
		{"mmm-yy", Date},
		{"mmmm", Date}, // a month name alone is a date
		{"m", Date},    // m with no h or s is a month
		{"[$-409]d-mmm-yy;@", Date},
		{"[$-F800]dddd, mmmm dd, yyyy", Date}, // system long date
		{`yyyy"年"m"月"d"日"`, Date},
		{`[$-411]ge.m.d`, Date}, // Japanese era
		{"yyyy/m/d(aaa)", Date}, // aaa: Japanese weekday
		{"[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"", Date},
		{"B2yyyy/mm/dd", Date}, // Hijri calendar prefix
		{"h:mm", Time},
		{"h:mm AM/PM", Time},
		{"hh:mm:ss", Time},
		{"mm:ss", Time}, // m next to s is minutes
		{"mm:ss.0", Time},
		{"[h]:mm", Time}, // elapsed hours
		{"[hh]:mm:ss", Time},
		{"[mm]:ss", Time},
		{"[ss]", Time},
		{"[h]:mm;@", Time},
		{"[Red][h]:mm", Time},
		{"m/d/yyyy h:mm", DateTime},
		{"yyyy-mm-dd hh:mm:ss", DateTime},
		{`dd/mm/yyyy\ hh:mm`, DateTime},
		{"[$-409]m/d/yy h:mm AM/PM;@", DateTime},
		{"d-mmm-yy [h]", DateTime},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := ClassifyFormat(tt.code); got != tt.want {
				t.Errorf("ClassifyFormat(%q) = %s, want %s", tt.code, got, tt.want)
			}
		})
	}
}

func TestBuiltinFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   int
		want FormatKind
	}{
		{0, General}, {1, General}, {2, General}, {9, General}, {10, General}, {11, General}, {13, General},
		{14, Date}, {15, Date}, {16, Date}, {17, Date}, // m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy
		{18, Time}, {19, Time}, {20, Time}, {21, Time}, // h:mm AM/PM … h:mm:ss
		{22, DateTime},                     // m/d/yyyy h:mm
		{27, Date}, {31, Date}, {36, Date}, // East Asian dates
		{32, Time}, {33, Time}, // East Asian times in every locale
		{34, DateTime}, {35, DateTime}, {55, DateTime}, {56, DateTime}, // dates in ja/ko, times in zh
		{37, General}, {44, General}, // accounting
		{45, Time}, {46, Time}, {47, Time}, // mm:ss, [h]:mm:ss, mm:ss.0
		{48, General}, // ##0.0E+0
		{49, Text},    // @
		{50, Date}, {54, Date}, {57, Date}, {58, Date},
		{59, General}, {81, General}, {163, General}, // Thai number formats and unused ids
	}
	for _, tt := range tests {
		if got := BuiltinFormat(tt.id); got != tt.want {
			t.Errorf("BuiltinFormat(%d) = %s, want %s", tt.id, got, tt.want)
		}
	}
}

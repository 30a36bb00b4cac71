package ingest

import "fmt"

// field is a canonical column as the row readers ask for it: an index
// into layout.fields, so that reading a value costs no map lookup.
type field uint8

// The canonical columns of every input (see specs).
const (
	fClient field = iota
	fClientID
	fInvoice
	fNumber
	fIssueDate
	fDueDate
	fTerms
	fAmount
	fTax
	fBalance
	fRefunded
	fCurrency
	fStatus
	fType
	fAppliesTo
	fPaidDate
	fDisputed
	fDate
	fReference
	fReason
	fEmail
	fTime
	fHours
	fCost
	fPerson
	fFirstName
	fLastName
	fRole
	fChannel
	fTags
	fBillable
	fProject
	fTask
	fCategory
	fDescription
	fAliases
	fDomains
	fRenewalDate
	fOwner
	fMonthlyFee
	numFields
)

// fieldNames are the canonical names, by field.
var fieldNames = [numFields]string{
	fClient: "client", fClientID: "client_id", fInvoice: "invoice", fNumber: "number",
	fIssueDate: "issue_date", fDueDate: "due_date", fTerms: "terms", fAmount: "amount", fTax: "tax",
	fBalance: "balance", fRefunded: "refunded", fCurrency: "currency", fStatus: "status", fType: "type",
	fAppliesTo: "applies_to", fPaidDate: "paid_date", fDisputed: "disputed", fDate: "date",
	fReference: "reference", fReason: "reason", fEmail: "email", fTime: "time", fHours: "hours", fCost: "cost",
	fPerson: "person", fFirstName: "first_name", fLastName: "last_name", fRole: "role",
	fChannel: "channel", fTags: "tags", fBillable: "billable", fProject: "project", fTask: "task",
	fCategory: "category", fDescription: "description", fAliases: "aliases", fDomains: "domains",
	fRenewalDate: "renewal_date", fOwner: "owner", fMonthlyFee: "monthly_fee",
}

func (f field) String() string { return fieldNames[f] }

// fieldOf returns the field of a canonical name.
func fieldOf(name string) (field, bool) {
	for f, n := range fieldNames {
		if n == name {
			return field(f), true
		}
	}
	return 0, false
}

func init() {
	// Every column of the alias table is a field.
	for kind, spec := range specs {
		for _, c := range spec.columns {
			if _, ok := fieldOf(c.name); !ok {
				panic(fmt.Sprintf("ingest: column %s of %s has no field", c.name, kind))
			}
		}
	}
}

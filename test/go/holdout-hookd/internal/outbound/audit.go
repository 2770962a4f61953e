package outbound

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
)

// Auditor reports configuration changes to the audit sink.
type Auditor struct {
	URL    string
	client *http.Client
}

func NewAuditor(url string) *Auditor {
	return &Auditor{URL: url, client: &http.Client{Transport: &http.Transport{}}}
}

// Record sends one event; callers run it on its own goroutine so the
// request that caused it need not wait.
func (a *Auditor) Record(kind, subject string) {
	req, err := http.NewRequest(http.MethodPost, a.URL+"/events",
		strings.NewReader(fmt.Sprintf(`{"kind":%q,"subject":%q}`, kind, subject)))
	if err != nil {
		log.Printf("audit: %v", err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		log.Printf("audit: %v", err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

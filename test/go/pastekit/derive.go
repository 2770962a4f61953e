package main

// The pasted forms of the real dump and crash, each with its ground truth:
// the source's goroutines (a transformation must not change what is read)
// and the warnings the transformation calls for.

import (
	"fmt"
	"strings"
)

type derived struct {
	text  string
	truth fileTruth
}

const (
	kubectlPod     = "[pod/orders-7d9f8b6c5-x2k4q/orders] "
	kubectlSidecar = "[pod/orders-7d9f8b6c5-x2k4q/envoy] "
	journalHost    = "ci-runner-3 orders[4242]: "
)

func derive(src map[string][]string) ([]derived, error) {
	var out []derived
	add := func(file, source, how string, lines []string, sep string, warnings []warning) error {
		p, err := parseOutput(src[source])
		if err != nil {
			return err
		}
		if warnings == nil {
			warnings = []warning{}
		}
		out = append(out, derived{
			text: strings.Join(lines, sep) + sep,
			truth: fileTruth{File: file, Source: source + ".txt", How: how, Goroutines: p.Goroutines, Races: p.Races,
				TestTimeout: p.TestTimeout, Warnings: warnings},
		})
		return nil
	}
	if crash := src["crash"]; crash != nil {
		if err := add("crash_expanded_tabs.txt", "crash", "tabs expanded to 8 columns (expand -t 8), as a terminal or a web page copies them",
			mapLines(crash, func(_ int, l string) string { return expandTabs(l, 8) }), "\n", nil); err != nil {
			return nil, err
		}
		lines, w := kubectl(crash)
		if err := add("crash_kubectl.txt", "crash", "kubectl logs --prefix of a pod with two containers: every line of the crashed container prefixed by [pod/…/orders], a sidecar's access log lines ([pod/…/envoy]) interleaved every 7 lines, inside goroutines too", lines, "\n", w); err != nil {
			return nil, err
		}
		lines, w = journal(crash)
		if err := add("crash_journalctl.txt", "crash", "journalctl -u orders: `Mon DD HH:MM:SS host unit[pid]: ` on every line, seconds advancing, then systemd's own lines about the exit", lines, "\n", w); err != nil {
			return nil, err
		}
	}
	if dump := src["dump"]; dump != nil {
		if err := add("dump_timestamped.txt", "dump", "docker logs -t: an RFC 3339 timestamp with nanoseconds (trailing zeros trimmed, so its width varies) before every line",
			mapLines(dump, func(i int, l string) string { return timestamp(i) + " " + l }), "\n", nil); err != nil {
			return nil, err
		}
		if err := add("dump_quoted.txt", "dump", "quoted as in an e-mail or markdown reply: `> ` before every line, `>` alone for a blank one",
			mapLines(dump, func(_ int, l string) string {
				if l == "" {
					return ">"
				}
				return "> " + l
			}), "\n", nil); err != nil {
			return nil, err
		}
		if err := add("dump_indented.txt", "dump", "indented by 4 spaces as a whole, tabs expanded to 4 columns, blank lines left empty (an editor's block indent)",
			mapLines(dump, func(_ int, l string) string {
				if l == "" {
					return ""
				}
				return "    " + expandTabs(l, 4)
			}), "\n", nil); err != nil {
			return nil, err
		}
		if err := add("dump_crlf_mixed.txt", "dump", "CRLF line ends; file lines indented by a tab, 2, 4 or 8 spaces or a tab and a space in turn; every fifth function line indented by one space (a chat client's paste)",
			crlfMixed(dump), "\r\n", nil); err != nil {
			return nil, err
		}
		d, err := damage(dump)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func mapLines(lines []string, f func(int, string) string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = f(i, l)
	}
	return out
}

func expandTabs(l string, width int) string {
	var b strings.Builder
	col := 0
	for _, r := range l {
		if r == '\t' {
			n := width - col%width
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

func isHeader(l string) bool { return headerRe.MatchString(l) }

// kubectl prefixes every line with the container's name and interleaves
// the sidecar's lines; those after the first goroutine header (where the
// parser learns the prefix) are the ones it must count as noise.
func kubectl(src []string) ([]string, []warning) {
	var out []string
	seenHeader := false
	unprefixed := warning{Kind: "unprefixed"}
	for i, l := range src {
		out = append(out, kubectlPod+l)
		if isHeader(l) {
			seenHeader = true
		}
		if i%7 == 6 {
			out = append(out, fmt.Sprintf(`%s[2024-12-06T09:52:01.%03dZ] "GET /healthz HTTP/1.1" 200 - 0 2 1 1 "-" "kube-probe/1.29"`, kubectlSidecar, i))
			if seenHeader {
				if unprefixed.Count == 0 {
					unprefixed.Line = len(out)
					unprefixed.Text = out[len(out)-1]
				}
				unprefixed.Count++
			}
		}
	}
	return out, []warning{unprefixed}
}

func journal(src []string) ([]string, []warning) {
	var out []string
	for i, l := range src {
		out = append(out, fmt.Sprintf("Dec 06 09:52:%02d %s%s", 1+i/10, journalHost, l))
	}
	sec := 2 + len(src)/10
	first := len(out) + 1
	out = append(out,
		fmt.Sprintf("Dec 06 09:52:%02d ci-runner-3 systemd[1]: orders.service: Main process exited, code=exited, status=2/INVALIDARGUMENT", sec),
		fmt.Sprintf("Dec 06 09:52:%02d ci-runner-3 systemd[1]: orders.service: Failed with result 'exit-code'.", sec))
	return out, []warning{{Line: first, Kind: "unprefixed", Count: 2, Text: out[first-1]}}
}

// timestamp is line i's RFC 3339 time with nanoseconds, as Go's
// RFC3339Nano prints it: trailing zeros of the fraction trimmed.
func timestamp(i int) string {
	ns := (i*7919*100003 + 120000000) % 1000000000
	frac := strings.TrimRight(fmt.Sprintf("%09d", ns), "0")
	if frac == "" {
		return fmt.Sprintf("2024-12-06T09:52:%02dZ", 1+i/10)
	}
	return fmt.Sprintf("2024-12-06T09:52:%02d.%sZ", 1+i/10, frac)
}

func crlfMixed(src []string) []string {
	indents := []string{"\t", "  ", "        ", "\t ", "    "}
	out := make([]string, len(src))
	files, fns := 0, 0
	for i, l := range src {
		switch {
		case strings.HasPrefix(l, "\t"):
			out[i] = indents[files%len(indents)] + l[1:]
			files++
		case l != "" && !isHeader(l) && i+1 < len(src) && strings.HasPrefix(src[i+1], "\t"):
			if fns%5 == 4 {
				l = " " + l
			}
			fns++
			out[i] = l
		default:
			out[i] = l
		}
	}
	return out
}

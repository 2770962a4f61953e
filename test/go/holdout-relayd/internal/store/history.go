package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"chat.example.net/relayd/internal/hub"
)

// History stores the messages of every room.
type History struct{ db *sql.DB }

// NewHistory uses db for the messages table.
func NewHistory(db *sql.DB) *History { return &History{db: db} }

// Append inserts a batch of messages in one statement.
func (h *History) Append(ctx context.Context, msgs []hub.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString("INSERT INTO messages (room, seq, kind, sender, body, at) VALUES ")
	args := make([]interface{}, 0, 6*len(msgs))
	for i, m := range msgs {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?)")
		args = append(args, m.Room, m.Seq, m.Kind, m.From, m.Text, m.At.UTC().Format(time.RFC3339Nano))
	}
	_, err := h.db.ExecContext(ctx, q.String(), args...)
	if err != nil {
		return fmt.Errorf("appending %d messages: %w", len(msgs), err)
	}
	return nil
}

// Export writes the whole history of room as CSV and returns the number of
// messages written.
func (h *History) Export(ctx context.Context, room string, w io.Writer) (int, error) {
	rows, err := h.db.QueryContext(ctx, "SELECT seq, kind, sender, body, at FROM messages WHERE room = ? ORDER BY seq", room)
	if err != nil {
		return 0, fmt.Errorf("exporting %s: %w", room, err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	cw.Write([]string{"seq", "kind", "sender", "body", "at"})
	n := 0
	for rows.Next() {
		var seq int64
		var kind, sender, body, at string
		if err := rows.Scan(&seq, &kind, &sender, &body, &at); err != nil {
			return n, fmt.Errorf("exporting %s: %w", room, err)
		}
		cw.Write([]string{strconv.FormatInt(seq, 10), kind, sender, body, at})
		n++
	}
	cw.Flush()
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("exporting %s: %w", room, err)
	}
	return n, cw.Error()
}

// Rooms stores room settings.
type Rooms struct{ db *sql.DB }

// NewRooms uses db for the rooms table.
func NewRooms(db *sql.DB) *Rooms { return &Rooms{db: db} }

// SetTopic saves a room's topic.
func (r *Rooms) SetTopic(room, topic, by string) error {
	_, err := r.db.Exec("UPDATE rooms SET topic = ?, topic_by = ? WHERE id = ?", topic, by, room)
	if err != nil {
		return fmt.Errorf("saving the topic of %s: %w", room, err)
	}
	return nil
}

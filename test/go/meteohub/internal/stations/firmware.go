package stations

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sync"

	"meteo.example.net/hub/internal/web"
)

// FirmwareStore keeps the latest firmware image uploaded for each station.
type FirmwareStore struct {
	mu     sync.Mutex
	images map[string][]byte
}

// NewFirmwareStore returns an empty store.
func NewFirmwareStore() *FirmwareStore { return &FirmwareStore{images: map[string][]byte{}} }

const maxFirmware = 8 << 20

// UploadFirmware stores the request body as the station's firmware image.
func (s *Service) UploadFirmware(w http.ResponseWriter, r *http.Request) {
	id := web.Param(r, "id")
	img, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFirmware))
	if err != nil {
		web.Fail(w, http.StatusBadRequest, "reading image: %v", err)
		return
	}
	sum := sha256.Sum256(img)
	s.Firmware.mu.Lock()
	s.Firmware.images[id] = img
	s.Firmware.mu.Unlock()
	web.WriteJSON(w, http.StatusCreated, map[string]string{"sha256": hex.EncodeToString(sum[:])})
}

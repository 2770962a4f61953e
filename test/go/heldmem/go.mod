module example.com/heldmem

go 1.19

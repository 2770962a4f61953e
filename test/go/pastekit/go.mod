module example.com/pastekit

go 1.19

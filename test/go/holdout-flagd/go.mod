module flags.example.net/flagd

go 1.19

module hooks.example.io/hookd

go 1.19

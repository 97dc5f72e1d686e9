from stancesum.cli import main

main()

from prtranslate.cli import main

main()

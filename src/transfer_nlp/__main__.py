"""`python -m transfer_nlp`: the command line."""

from transfer_nlp.cli import main

if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Example training job "glioma": Glioma.

A stand-in for a real training script: it sleeps 0.2 s and writes the parameters it
received to <output dir>/model.json.
"""

import argparse
import json
import os
import time

JOB_ID = "glioma"


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Train the Glioma model (example job).")
    parser.add_argument("--epochs", type=int, default=10,
                        help="training epochs (default: 10)")
    parser.add_argument("--folds", type=int, default=5,
                        help="cross-validation folds (default: 5)")
    parser.add_argument("--output-dir", default=os.path.join("results", JOB_ID),
                        help="where model.json is written (default: results/glioma)")
    args = parser.parse_args()

    print(f"[{JOB_ID}] training: epochs={args.epochs} folds={args.folds}", flush=True)
    time.sleep(0.2)
    os.makedirs(args.output_dir, exist_ok=True)
    model_path = os.path.join(args.output_dir, "model.json")
    with open(model_path, "w", encoding="utf-8") as model_file:
        parameters = {
            "id": JOB_ID,
            "epochs": args.epochs,
            "folds": args.folds,
            "output_dir": args.output_dir,
        }
        json.dump(parameters, model_file, indent=2)
        model_file.write("\n")
    print(f"[{JOB_ID}] saved {model_path}", flush=True)


if __name__ == "__main__":
    main()

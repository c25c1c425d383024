#!/usr/bin/env python3
"""Built-in demo training job 'alzheimers' for the reference orchestrator (sleeps 0.1 s)."""

import argparse
import json
import os
import time

parser = argparse.ArgumentParser(description="Train the alzheimers model (demo).")
parser.add_argument("--epochs", type=int, default=10)
parser.add_argument("--folds", type=int, default=3)
parser.add_argument("--output-dir", default=os.path.join("results", "alzheimers"))
args = parser.parse_args()

print(f"[alzheimers] training: epochs={args.epochs} folds={args.folds}", flush=True)
time.sleep(0.1)
os.makedirs(args.output_dir, exist_ok=True)
with open(os.path.join(args.output_dir, "model.json"), "w", encoding="utf-8") as out:
    json.dump({"job": "alzheimers", "epochs": args.epochs, "folds": args.folds}, out)
print(f"[alzheimers] wrote {os.path.join(args.output_dir, 'model.json')}", flush=True)

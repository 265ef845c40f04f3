"""Link prediction with PyTorch Geometric: graph export, model, training, evaluation, write-back."""

package dev.webhooks.example.quickstart.shop;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A plain CRUD API over products: nothing in it knows about webhooks.
 */
@RestController
@RequestMapping("/products")
class ProductController {

	private final ProductRepository products;

	ProductController(ProductRepository products) {
		this.products = products;
	}

	@GetMapping
	List<Product> list() {
		return this.products.findAll();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Product create(@RequestBody ProductRequest request) {
		return this.products.save(new Product(request.sku(), request.name(), request.price(),
				(request.costPrice() != null) ? request.costPrice() : BigDecimal.ZERO));
	}

	@PutMapping("/{id}")
	@Transactional
	Product update(@PathVariable long id, @RequestBody ProductRequest request) {
		Product product = this.products.findById(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no product " + id));
		product.rename(request.name());
		product.reprice(request.price());
		return product;
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		this.products.deleteById(id);
	}

	record ProductRequest(String sku, String name, BigDecimal price, BigDecimal costPrice) {
	}

}
